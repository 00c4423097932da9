"""The genresp code generator: a header spec -> typed header descriptors (genresp-codegen, or
`python -m codegen` in a source checkout)."""
