"""The OneRoster 1.1 target, described as data."""
