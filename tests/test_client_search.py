"""Client search through the real verbs and both databases: every kind of query, tenancy, paging
in display order, the many-matches path, search text that follows edits, and duplicates."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import billing.clients.search as search
from billing.clients.register import register_client
from billing.clients.search import find_duplicates, search_clients, shown_total
from billing.clients.update import add_contact, update_client
from models import Business, Category, Client
from tests.factories import make_business


@dataclass
class Book:
    north: Business
    south: Business
    ruiz: Client
    alba: Client
    twin: Client  # the south business's client with the same name as north's Ruiz


@pytest.fixture
async def book(db: str) -> Book:
    north, south = await make_business("North"), await make_business("South")
    ruiz = await register_client(north, {
        "display_name": "Ferretería Ruiz S.L.", "email": "Compras@Ruiz.example",
        "phone": "+34600123456", "tax_id": "B12345678", "billing_city": "Sevilla",
        "business_line": "Fontanería",
    }, categories=["Wholesale"], contact={"name": "Tomás Ruiz", "email": "tomas@ruiz.example"})
    alba = await register_client(north, {
        "display_name": "Ana Alba", "email": "ana@alba.example", "billing_city": "Madrid",
        "business_line": "Diseño gráfico",
    })
    for name in ("Bruno Bravo", "Carla Campos", "Carla Campos"):
        await register_client(north, {"display_name": name, "billing_city": "Madrid"})
    twin = await register_client(south, {
        "display_name": "Ferretería Ruiz S.L.", "email": "compras@ruiz.example",
        "tax_id": "B12345678", "billing_city": "Sevilla", "business_line": "Fontanería",
    }, categories=["Wholesale"])
    return Book(north, south, ruiz, alba, twin)


async def names(business: Business, query: str = "", **options: object) -> list[str]:
    clients, _ = await search_clients(business, query, **options)
    return [client.display_name for client in clients]


@pytest.mark.parametrize(
    "query",
    [
        "Ferr",  # name prefix
        "rreterí",  # substring, with its accent
        "ferreteria ruiz",  # without accents, lower case
        "compras@ruiz.example",  # email, another case
        "compras@",  # part of an email
        "600 12 34 56",  # phone as typed, spaces
        "B-1234 5678",  # tax ID with separators
        "sevilla",  # city
        "fontaner",  # business line
        "Tomás",  # the contact's name
        "tomas@ruiz",  # the contact's email
        "wholesale",  # a category named exactly
    ],
)
async def test_each_kind_of_query_finds_the_client_in_its_business_only(
    book: Book, query: str
) -> None:
    clients, total = await search_clients(book.north, query)
    assert [client.id for client in clients] == [book.ruiz.id] and total == 1


async def test_category_filter_and_a_short_query_as_a_name_prefix(book: Book) -> None:
    wholesale = await Category.get(business=book.north, name="Wholesale")
    assert await names(book.north, category_id=wholesale.id) == ["Ferretería Ruiz S.L."]
    south_category = await Category.get(business=book.south, name="Wholesale")
    assert await names(book.north, category_id=south_category.id) == []
    assert await names(book.north, "ca") == ["Carla Campos", "Carla Campos"]
    assert await names(book.north, "zz") == []


async def test_pages_in_name_order_newest_first_within_a_name(book: Book) -> None:
    everyone = await Client.filter(business=book.north).order_by("display_name", "-id")
    expected = [client.id for client in everyone]
    pages = []
    for offset in (0, 2, 4):
        clients, total = await search_clients(book.north, offset=offset, limit=2)
        pages += [client.id for client in clients]
        assert total == 5
    assert pages == expected
    assert await search_clients(book.north, offset=10, limit=2) == ([], 5)  # past the end
    assert await search_clients(book.north, "compras@ruiz.example", offset=8) == ([], 1)
    carlas = [c.id for c in (await search_clients(book.north, "Carla"))[0]]
    assert carlas == sorted(carlas, reverse=True)


async def test_many_matches_list_the_newest_and_say_more_than(
    book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert await names(book.north, "a", limit=3) == ["Ana Alba"]  # short: a name prefix
    in_madrid = await Client.filter(business=book.north, billing_city="Madrid").order_by("-id")
    by_name = await names(book.north, "madrid", limit=10)
    assert by_name == sorted(by_name) and len(by_name) == len(in_madrid) == 4
    monkeypatch.setattr(search, "COUNT_CAP", 2)
    clients, total = await search_clients(book.north, "madrid", limit=10)
    assert [client.id for client in clients] == [client.id for client in in_madrid]
    assert total == 3 and shown_total(total) == "2+"
    second, _ = await search_clients(book.north, "madrid", offset=1, limit=2)
    assert [client.id for client in second] == [client.id for client in in_madrid[1:3]]
    everyone = await names(book.north, limit=10)  # no text: still in name order, row by row
    assert everyone == sorted(everyone, key=str.casefold) and len(everyone) == 5


async def test_search_text_follows_edits_contacts_and_archiving(book: Book) -> None:
    await update_client(book.north, book.alba.id, {"billing_city": "Valencia"})
    assert await names(book.north, "valencia") == ["Ana Alba"]
    assert "Ana Alba" not in await names(book.north, "madrid")
    await add_contact(book.north, book.alba, {"name": "Óscar Orozco"})
    assert await names(book.north, "oscar oroz") == ["Ana Alba"]
    await update_client(book.north, book.alba.id, {"archived": True})
    assert await names(book.north, "valencia") == []
    assert await names(book.north, "valencia", include_archived=True) == ["Ana Alba"]


@pytest.mark.parametrize("query", ["Ferr", "rreterí", "compras@ruiz.example", "B-12345678"])
async def test_the_second_business_finds_its_own_client(book: Book, query: str) -> None:
    """Its ids follow the first business's, whose matches its index must not walk or return."""
    clients, total = await search_clients(book.south, query)
    assert [client.id for client in clients] == [book.twin.id] and total == 1


@pytest.mark.parametrize(
    "typed",
    [
        "Ferreteria Ruis SL",  # a typo, no accent, no dots
        "FERRETERÍA RUIZ, S.L.",  # case and punctuation
        "Ruiz Ferretería S.L.",  # word order
        "erretería Ruiz S.L.",  # the first letter lost: its start sorts elsewhere
        "Ferretería Ruiz S.",  # the end lost
        "Ferreterìa Ruiz SL",  # another accent
    ],
)
async def test_near_duplicate_names_are_found_in_the_business_only(book: Book, typed: str) -> None:
    for n in range(30):  # neighbours on both sides, so the walk must pass over them
        await register_client(book.north, {"display_name": f"Ferretería Ruiz {n:02d}"})
        await register_client(book.north, {"display_name": f"Ferretería R{n:02d} S.L."})
    near = await find_duplicates(book.north, name=typed)
    assert book.ruiz.id in [client.id for client in near]
    assert book.twin.id not in [client.id for client in near]
    assert [client.id for client in await find_duplicates(book.south, name=typed)] == [book.twin.id]


async def test_duplicates_by_near_name_email_and_tax_id_stay_in_the_business(book: Book) -> None:
    near = await find_duplicates(book.north, name="Ferreteria Ruis SL")
    assert [client.id for client in near] == [book.ruiz.id]
    by_email = await find_duplicates(book.north, email="COMPRAS@ruiz.example")
    assert [client.id for client in by_email] == [book.ruiz.id]
    by_tax_id = await find_duplicates(book.south, tax_id="B12345678")
    assert [client.id for client in by_tax_id] == [book.twin.id]
    same = await find_duplicates(book.north, name="Ferretería Ruiz S.L.", exclude_id=book.ruiz.id)
    assert same == []
    assert await find_duplicates(book.north, name="Completely Different Name") == []


async def test_every_reason_at_once_exact_matches_first(book: Book) -> None:
    """What a Save asks (in one statement): email, tax ID and name together."""
    carla = await Client.filter(business=book.north, display_name="Carla Campos").first()
    assert carla is not None
    await update_client(book.north, carla.id, {"tax_id": "B87654321"})
    found = await find_duplicates(book.north, name="Ana Albaa", email="COMPRAS@ruiz.example",
                                  tax_id="B-87654321")
    assert [client.id for client in found] == [book.ruiz.id, carla.id, book.alba.id]
    mine = await find_duplicates(book.north, name="Ferretería Ruiz", email="compras@ruiz.example",
                                 tax_id="B12345678", exclude_id=book.ruiz.id)
    assert mine == []
