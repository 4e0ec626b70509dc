"""Wagtail admin views of partenariats: partnerships, their roadmap and journal
(.partnerships), and the company screens seen from the user's schools (.companies,
.company_import)."""
