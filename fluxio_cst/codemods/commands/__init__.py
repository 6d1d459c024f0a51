"""The codemod commands, one per module, as in ``libcst.codemod.commands``: list this package
in ``.libcst.codemod.yaml`` (``modules: ['fluxio_cst.codemods.commands']``) and run
``python -m libcst.tool codemod pin_keys.PinKeys PATH…``."""
