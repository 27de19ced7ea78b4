app_name = "articles"

# The pages come with the articles issue; nothing links here until they exist.
urlpatterns = []
