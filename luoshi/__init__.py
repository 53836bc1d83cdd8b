"""luoshi (落实): carry a multi-level work plan out, from policy text to year-end assessment."""

__version__ = "0.1.0"
