"""Classroom grading: `kata grade` (a trusted grade of a student's tree) and `kata export-template`."""
