"""The sans-IO response: everything but the server glue."""
