"""The data core: the catalogue, progress and standing, results, mistakes, limits. No torch, no pytest, no rendering."""
