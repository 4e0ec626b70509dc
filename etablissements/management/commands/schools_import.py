from etablissements.referentials import schools_import

from ._referential import ReferentialImportCommand


class Command(ReferentialImportCommand):
    help = (
        "Importe les lycées à voie professionnelle d’un export de l’Annuaire de l’éducation "
        "(CSV ou JSON), par UAI."
    )
    importer = staticmethod(schools_import)
