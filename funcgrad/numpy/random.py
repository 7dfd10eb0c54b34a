"""funcgrad.numpy.random: numpy.random, re-exported. Random draws are constants to every transform."""
from numpy.random import *  # noqa: F401,F403
from numpy.random import default_rng, seed, Generator, RandomState  # noqa: F401
