"""Template filters writing the Pacte's numbers the French way (see pacte.numbers)."""

from django import template

from pacte import numbers

register = template.Library()

register.filter("nombre", numbers.number_fr)
register.filter("heures", numbers.hours_fr)
register.filter("heures_en_mots", numbers.hours_words)
register.filter("euros", numbers.euros_fr)
register.filter("parts", numbers.parts_fr)
