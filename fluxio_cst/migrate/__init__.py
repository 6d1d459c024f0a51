"""The migration report (``fluxio-cst migrate``): where fluxio_cst's output differs from what
fluxio-parser 1.0.0 deployed, and why. Computed by fluxio_cst alone; the old parser is never
needed at run time."""
