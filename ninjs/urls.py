from django.urls import path

from ninjs import views

app_name = "ninjs"
urlpatterns = [
    path("articles/", views.article_list, name="articles"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
]
