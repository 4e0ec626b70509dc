from wagtail import blocks


class AudienceBlock(blocks.StructBlock):
    """One audience of the portal (entreprises, bureau des entreprises, enseignants)."""

    title = blocks.CharBlock(label="titre", max_length=120)
    text = blocks.TextBlock(label="texte", max_length=600)
    link_label = blocks.CharBlock(label="libellé du lien", max_length=80, required=False)
    link_url = blocks.CharBlock(label="adresse du lien", max_length=300, required=False)

    class Meta:
        label = "public"
        icon = "user"
        template = "home/blocks/audience.html"
