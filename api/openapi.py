"""The API's OpenAPI description: Django Ninja's, with each operation's error answers."""

from ninja import NinjaAPI

_DETAIL_TEXT = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
ERROR_RESPONSES = {
    "401": {
        "description": "Jeton absent, inconnu ou révoqué.",
        "content": {"application/json": {"schema": _DETAIL_TEXT}},
    },
    "422": {
        "description": "Paramètre invalide (type, longueur, valeur hors bornes, caractère nul) : "
        "`detail` liste chaque erreur, avec où elle est (`loc`) et pourquoi (`msg`).",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "detail": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "type": {"type": "string"},
                                    "loc": {"type": "array", "items": {"type": "string"}},
                                    "msg": {"type": "string"},
                                },
                                "required": ["loc", "msg"],
                            },
                        }
                    },
                    "required": ["detail"],
                }
            }
        },
    },
    "429": {
        "description": "Trop d’appels : l’en-tête `Retry-After` dit combien de secondes attendre.",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "detail": {"type": "string"},
                        "reessayer_dans_secondes": {"type": "integer"},
                    },
                    "required": ["detail"],
                }
            }
        },
    },
}


class PortalAPI(NinjaAPI):
    """Django Ninja's API, whose OpenAPI description also states each operation's error
    answers (401, 422, 429), which Ninja leaves out."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, answer in ERROR_RESPONSES.items():
                    operation.setdefault("responses", {}).setdefault(status, answer)
        return schema
