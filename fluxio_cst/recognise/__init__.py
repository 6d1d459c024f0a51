"""Recognising a LibCST module: the project file's classes, functions and their decorators become the model."""
