"""Running a course: deadlines, corrections, the Moodle round trip, the course gradebook, similarity."""
