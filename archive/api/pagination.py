from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Pages of 20 by default; ``page_size`` asks for up to 100."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
