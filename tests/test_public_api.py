import newsfuse


def test_public_api_all_names_resolve():
    for name in newsfuse.__all__:
        assert getattr(newsfuse, name) is not None, name


def test_public_api_all_lists_every_export():
    assert sorted(newsfuse._EXPORTS) == newsfuse.__all__
