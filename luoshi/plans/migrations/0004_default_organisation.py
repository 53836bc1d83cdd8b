"""An install made before organisations gets one: its plans, units, leaders and users belong to it.

Named after the issuer most of its plans print (e.g. 古县), so its document numbers keep their head.
"""

from collections import Counter

from django.db import migrations


def forwards(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    models = [
        apps.get_model("plans", name)
        for name in ("Plan", "Unit", "Leader", "HistoricalPlan", "HistoricalUnit", "HistoricalLeader")
    ] + [apps.get_model("accounts", "User"), apps.get_model("accounts", "HistoricalUser")]
    if not any(model.objects.filter(organisation__isnull=True).exists() for model in models):
        return
    org = Organisation.objects.filter(depth=1).order_by("path").first()
    if org is None:
        Plan = apps.get_model("plans", "Plan")
        issuers = Counter(p.issuer for p in Plan.objects.exclude(issuer=""))
        name = issuers.most_common(1)[0][0] if issuers else "本级组织"
        root_count = Organisation.objects.filter(depth=1).count()
        org = Organisation.objects.create(
            path=f"{root_count + 1:04d}", depth=1, numchild=0, code="main", name=name, short_name=name[:1], level="county"
        )
    for model in models:
        model.objects.filter(organisation__isnull=True).update(organisation=org)
    User = apps.get_model("accounts", "User")
    Membership = apps.get_model("accounts", "Membership")
    for user in User.objects.exclude(role="public"):
        Membership.objects.get_or_create(
            user=user, organisation=org, defaults={"role": user.role, "unit_id": user.unit_id}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_organisations"),
        ("accounts", "0005_organisations"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
