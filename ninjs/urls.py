from django.urls import path

from ninjs import views
from pagecache.views import reader_cache_for

# The API shows live stories: any published change refreshes it (pagecache.versions, "lists").
lists = reader_cache_for("lists")

app_name = "ninjs"
urlpatterns = [
    path("articles/", lists(views.article_list), name="articles"),
    path("articles/<int:pk>/", lists(views.article_detail), name="article"),
]
