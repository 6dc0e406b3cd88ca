"""citytwin: an open-source platform on which a whole city runs its digital twin."""

__version__ = "0.1.0"
