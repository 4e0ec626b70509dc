class PfmpError(Exception):
    """A rule of PFMP placements was broken; the message is for the user, in French."""
