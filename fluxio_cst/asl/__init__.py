"""Amazon States Language: the vocabulary fluxio_cst writes, and the checks every emitted
machine passes before :func:`fluxio_cst.parse` returns it."""
