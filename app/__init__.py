"""Consortium Buying: group purchasing of education technology for NC LEAs and charters."""

__version__ = "0.1.0"
APP_NAME = "Consortium Buying"
