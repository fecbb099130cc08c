"""Static files that work before `collectstatic` has run, and are cached for ever after it has."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed names once collected; until then the plain name, served from the apps by whitenoise.

    A restored data folder, or a new install, then shows styled pages at once
    instead of a 500 on every page.
    """

    def stored_name(self, name: str) -> str:
        try:
            return super().stored_name(name)
        except ValueError:  # no manifest (or no entry) yet
            return name
