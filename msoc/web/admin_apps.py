"""The Django admin app with msoc's audited site as its default site."""

from django.contrib.admin.apps import AdminConfig


class MsocAdminConfig(AdminConfig):
    """django.contrib.admin, whose `admin.site` records every change in the audit chain."""

    default_site = "msoc.web.admin_site.AuditedAdminSite"
