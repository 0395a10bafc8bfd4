"""briefbot: grounded briefs of contested news articles."""

__version__ = "0.1.0"
