"""What a graded student and a grading platform read: JUnit, Gradescope, Classroom 50, the summary."""
