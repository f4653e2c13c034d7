"""URL routes of the web app."""

from django.contrib import admin
from django.urls import path

from msoc.web.api import api
from msoc.web.views import (
    alerts,
    audit,
    auth,
    builder,
    entry,
    hazards,
    register_households,
    register_indices,
    reports,
    review,
    rhythm,
    search,
    sources,
    tokens,
    trends,
    watch,
)

admin.site.site_header = "msoc · ผู้ดูแลระบบ ศปก.พม."
admin.site.site_title = "msoc ผู้ดูแลระบบ"
admin.site.index_title = "ข้อมูลอ้างอิง"

urlpatterns = [
    path("login", auth.login_view, name="login"),
    path("logout", auth.logout_view, name="logout"),
    path("", reports.home, name="home"),
    path("report.css", reports.report_css, name="report-css"),
    path("reports/", reports.archive, name="archive"),
    path("reports/import/", entry.import_report, name="import"),
    path("reports/<int:pk>/download/<str:fmt>/", reports.download, name="download"),
    path("reports/rows/<int:pk>/edit/", builder.edit_row, name="row-edit"),
    path("reports/rows/<int:pk>/move/<str:direction>/", builder.move_row, name="row-move"),
    path("reports/rows/<int:pk>/delete/", builder.delete_row, name="row-delete"),
    path("reports/<str:day>/", builder.builder, name="builder"),
    path("reports/<str:day>/preview/", reports.preview, name="preview"),
    path("reports/<str:day>/draft/", builder.create_draft, name="draft"),
    path("reports/<str:day>/pull/", builder.pull_items, name="pull"),
    path("reports/<str:day>/rows/", builder.add_row, name="row-add"),
    path("reports/<str:day>/headlines/", builder.save_headlines, name="headlines"),
    path("reports/<str:day>/issue/", builder.issue, name="issue"),
    path("reports/<str:day>/correct/", builder.correct, name="correct"),
    path("review/", review.queue, name="review"),
    path("review/bulk/", review.bulk, name="review-bulk"),
    path("review/quality/", review.quality, name="review-quality"),
    path("review/<int:pk>/<str:decision>/", review.decide, name="review-decide"),
    path("entry/", entry.index, name="entry"),
    path("entry/hotline/<str:day>/", entry.hotline, name="hotline"),
    path("entry/units/<str:code>/<str:day>/", entry.activities, name="activities"),
    path("entry/standing/<str:key>/", entry.standing, name="standing"),
    path("search/", search.search, name="search"),
    path("search/saved/", watch.saved_searches, name="saved-searches"),
    path("search/saved/<int:pk>/delete/", watch.delete_saved_search, name="saved-search-delete"),
    path("submissions/", rhythm.submissions_page, name="submissions"),
    path("submissions/<str:day>/", rhythm.submissions_page, name="submissions-day"),
    path("trends/", trends.trends, name="trends"),
    path("trends/export/<str:table>.<str:fmt>", trends.export_table, name="trends-export"),
    path("audit/", audit.audit_log, name="audit"),
    path("tokens/", tokens.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", tokens.revoke, name="token-revoke"),
    path("sources/", sources.sources, name="sources"),
    path("alerts/", alerts.alerts_page, name="alerts"),
    path("alerts/<int:pk>/", alerts.alert_detail, name="alert"),
    path("alerts/<int:pk>/ack/", alerts.acknowledge, name="alert-ack"),
    path("alerts/rules/", alerts.rules, name="alert-rules"),
    path("alerts/rules/<int:pk>/toggle/", alerts.toggle_rule, name="alert-rule-toggle"),
    path("distribution/", alerts.distribution, name="distribution"),
    path("distribution/<int:pk>/recipients/", alerts.add_recipient, name="recipient-add"),
    path(
        "distribution/recipients/<int:pk>/delete/", alerts.remove_recipient, name="recipient-delete"
    ),
    path("deliveries/", alerts.deliveries, name="deliveries"),
    path("reports/<str:day>/suggestions/accept/", alerts.accept_headlines, name="suggestions"),
    path("households/", register_households.search, name="households"),
    path("households/import/", register_households.import_survey, name="households-import"),
    path("households/poverty/", register_indices.poverty, name="poverty"),
    path("households/screening/", register_indices.screening, name="screening"),
    path("households/duplicates/", register_indices.duplicates, name="duplicates"),
    path(
        "households/duplicates/<int:pk>/merge/",
        register_indices.merge_duplicate,
        name="duplicate-merge",
    ),
    path(
        "households/duplicates/<int:pk>/dismiss/",
        register_indices.dismiss_duplicate,
        name="duplicate-dismiss",
    ),
    path("households/<int:pk>/", register_households.profile, name="household"),
    path(
        "households/<int:pk>/assistance/",
        register_households.record_assistance,
        name="household-assistance",
    ),
    path(
        "households/<int:pk>/consents/",
        register_households.record_consent,
        name="household-consent",
    ),
    path(
        "households/consents/<int:pk>/withdraw/",
        register_households.withdraw_consent,
        name="consent-withdraw",
    ),
    path(
        "households/<int:pk>/referrals/",
        register_households.create_referral,
        name="household-referral",
    ),
    path(
        "households/referrals/<int:pk>/move/",
        register_households.move_referral,
        name="referral-move",
    ),
    path("households/<int:pk>/cases/", register_households.link_case, name="household-case"),
    path("hazards/", hazards.hazard_list, name="hazards"),
    path("hazards/<int:pk>/", hazards.hazard_detail, name="hazard"),
    path("hazards/<int:pk>/close/", hazards.close_hazard, name="hazard-close"),
    path(
        "hazards/<int:pk>/households/<int:household>/contact/",
        hazards.record_contact,
        name="hazard-contact",
    ),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "msoc.web.views.auth.bad_request"
handler403 = "msoc.web.views.auth.permission_denied"
handler404 = "msoc.web.views.auth.not_found"
