"""What an instructor hands out: the student template, the autograders, the notebooks, from one list of dependencies."""
