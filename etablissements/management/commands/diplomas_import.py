from etablissements.referentials import diplomas_import

from ._referential import ReferentialImportCommand


class Command(ReferentialImportCommand):
    help = (
        "Importe les diplômes de la table N_FORMATION_DIPLOME de la BCN (CSV ou JSON), par "
        "code diplôme."
    )
    importer = staticmethod(diplomas_import)
