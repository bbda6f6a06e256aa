"""What tells a client how to use the API: the root's list of endpoints, the OpenAPI schema
and a page that renders it for people (Swagger UI, served from the sidecar package's files)."""

from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers
from rest_framework.reverse import reverse


class APIRootView(routers.APIRootView):
    """The API's endpoints: its collections, search, the schema and its documentation."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        for key, name in (("search", "api-search"), ("schema", "api-schema"), ("docs", "api-docs")):
            response.data[key] = reverse(name, request=request, format=kwargs.get("format"))
        return response


class ViewableJsonRenderer(OpenApiJsonRenderer):
    """The schema as application/json, which a browser shows instead of downloading."""

    media_type = "application/json"
    format = "json"


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema: JSON by default, YAML with ``?format=yaml``."""

    renderer_classes = [ViewableJsonRenderer, OpenApiYamlRenderer]


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI with its start-up script as a separate file, so the strict CSP holds."""

    template_name = "api/docs.html"
    title = "News archive API"
