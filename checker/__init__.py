"""torch-katas: small PyTorch exercises and the checker that grades them."""

__all__ = ["__version__", "load_ipython_extension"]

__version__ = "0.1.0"


def load_ipython_extension(ipython) -> None:
    """`%load_ext checker` in Jupyter or Colab: adds the `%kata` magic (checker/notebook/magic.py).

    The import is here, inside the function, so that `import checker` (and so `kata list`)
    never imports the notebook front end or IPython.
    """
    from checker.notebook.magic import register

    register(ipython)
