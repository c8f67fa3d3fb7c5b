from django.apps import AppConfig


class WeiportalConfig(AppConfig):
    """The site-wide pieces: site pages, error handlers, the GOV.UK form base, template tags."""

    name = "weiportal"
    verbose_name = "WEI good-practice portal"
