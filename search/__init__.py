"""vnsearch: search Vietnamese provincial government communications."""
