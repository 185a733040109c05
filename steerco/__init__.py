"""steerco: steering and monitoring of multi-year work programmes."""

__version__ = "0.1.0"
