"""Settings for one integration each, imported by `base.py`."""
