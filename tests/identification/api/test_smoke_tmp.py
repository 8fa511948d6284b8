from identification.models.choices import Role
from tests.isolation import build_world


def test_smoke(tenant, api):
    world = build_world(tenant)
    c = api(Role.ANALYST)
    for url in ["/api/v1/clients/", f"/api/v1/clients/{world.client.slug}/", "/api/v1/studies/",
                f"/api/v1/studies/{world.study.slug}/", f"/api/v1/studies/{world.study.slug}/stages/",
                f"/api/v1/clients/{world.client.slug}/categories/",
                f"/api/v1/clients/{world.client.slug}/influencers/?q=zed",
                f"/api/v1/clients/{world.client.slug}/influencers/{world.influencer.pk}/",
                f"/api/v1/studies/{world.study.slug}/evidence/",
                f"/api/v1/studies/{world.study.slug}/evidence/{world.evidence.pk}/",
                f"/api/v1/studies/{world.study.slug}/mentions/",
                f"/api/v1/studies/{world.study.slug}/runs/",
                f"/api/v1/studies/{world.study.slug}/runs/{world.entry.run_id}/",
                f"/api/v1/studies/{world.study.slug}/ranking/",
                f"/api/v1/studies/{world.study.slug}/ranking/?format=csv",
                ]:
        r = c.get(url)
        body = b"".join(r.streaming_content) if r.streaming else r.content
        print(url, r.status_code, body[:300])
        assert r.status_code == 200
    stage = world.study.stages.first()
    r = c.post(f"/api/v1/studies/{world.study.slug}/evidence/", {
        "collected_on": "2026-09-01",
        "new_buyer": {"organization_name": "NewOrg", "role": "decision_maker", "name": "Jo"},
        "mentions": [{"new_influencer": {"name": world.influencer.name + "x", "category": world.category.pk}, "stage": stage.pk}],
    }, format="json")
    print(r.status_code, r.content)
    r = c.post(f"/api/v1/studies/{world.study.slug}/runs/")
    print(r.status_code, r.content, r.headers.get("Location"))
