"""What an instructor reads of a whole class: the progress bar, the numbers, the class report."""
