"""The DSL, one module per construct: its option schema, recogniser, emitter and examples."""
