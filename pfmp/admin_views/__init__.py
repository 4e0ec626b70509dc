"""The staff screens of PFMP placements (the board, placing a pupil, a pupil's history, the
import of a class list); the classes, periods and pupils lists are viewsets (wagtail_hooks)."""
