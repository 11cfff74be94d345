"""Display of the exploration widgets: their static HTML, and the live widget where ipywidgets runs."""
from __future__ import annotations


class WidgetDisplay:
    """Mixin for a class with ``html()`` and ``widget()`` (None without ipywidgets): shown as its static
    HTML (what the report keeps) and, in Lab, as the widget too. ``_plain()`` gives the text form."""

    def _plain(self) -> str:
        return f"<{type(self).__name__}>"

    def _repr_html_(self) -> str:
        return self.html()  # type: ignore[attr-defined]

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/html": self.html(), "text/plain": self._plain()}
        box = self.widget()
        if box is not None:
            bundle.update(box._repr_mimebundle_() or {})
        return bundle
