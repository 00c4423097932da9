"""The genresp code generator: spec/headers.yaml -> typed header descriptors (python -m codegen)."""
