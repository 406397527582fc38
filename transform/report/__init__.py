"""Problems, their catalogue, and the run report."""
