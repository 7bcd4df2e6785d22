"""torch-katas: small PyTorch exercises and the checker that grades them."""

__all__ = ["__version__"]

__version__ = "0.1.0"
