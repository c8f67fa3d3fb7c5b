from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from guidance.models import FeedToken, GoodPracticeEntry


class NewEntriesFeed(Feed):
    """Newly published good practice, for a feed reader holding a person's token."""

    feed_type = Atom1Feed
    title = "New good practice – WEI good-practice portal"
    subtitle = "Good-practice entries newly published by civil-service LGBT+ networks."

    def get_object(self, request, token):
        return get_object_or_404(
            FeedToken.objects.select_related("user").filter(user__is_active=True), token=token
        )

    def link(self, obj):
        return reverse("guidance:entry_list")

    def items(self, obj):
        return (
            GoodPracticeEntry.objects.visible_to(obj.user)
            .published()
            .select_related("network__organisation")
            .order_by("-published_at", "-pk")[:30]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return str(item.network)


new_entries_feed = NewEntriesFeed()
