"""The imapdash version: a leaf module, so the factory and the shell can read it without importing the package root."""

__version__ = "0.1.0"
