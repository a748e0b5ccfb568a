"""100,000 plausible clients per business, loaded the way a bulk import should be: the search
indexes dropped, the rows copied in (COPY on PostgreSQL, one executemany per business on SQLite),
the indexes built once after (models.search_indexes). Names, cities and business lines repeat
the way real ones do (a few common, a long tail), so a search for "García" or "Madrid" matches
thousands. The derived search columns come from the same functions `Client.save` uses.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar, cast

from tortoise.transactions import in_transaction

from billing.clients.search_sql import connection, is_postgres
from models import Business, Category
from models.clients import DERIVED
from models.search_indexes import create_search_indexes, drop_search_indexes
from models.search_keys import (
    client_search_text,
    email_key,
    name_key,
    name_words,
    phone_key,
    tax_key,
)

FIRST = ("María", "Carmen", "José", "Antonio", "Ana", "Manuel", "Laura", "David", "Lucía",
         "Javier", "Elena", "Pablo", "Sofía", "Daniel", "Marta", "Alejandro", "Paula", "Sergio",
         "Irene", "Jorge", "Andrea", "Diego", "Raquel", "Álvaro", "Cristina", "Rubén", "Ioana",
         "Andrei", "Mihai", "Elena", "Ahmed", "Fatima", "Omar", "Layla", "Youssef", "Mariam",
         "João", "Inês", "Pierre", "Camille", "Lukas", "Anna", "Giulia", "Marco", "Francesca",
         "Luca")
LAST = ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez",
        "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez",
        "Romero", "Alonso", "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos",
        "Gil", "Ramírez", "Serrano", "Blanco", "Molina", "Morales", "Suárez", "Ortega",
        "Delgado", "Castro", "Ortiz", "Rubio", "Marín", "Sanz", "Iglesias", "Núñez", "Medina",
        "Garrido", "Cortés", "Castillo", "Santos", "Lozano", "Guerrero", "Popescu", "Ionescu",
        "Dumitru", "Stan", "Haddad", "Nasser", "Khalil", "Mansour", "Silva", "Costa", "Dubois",
        "Moreau", "Müller", "Schmidt", "Rossi", "Russo", "Bianchi")
COMPANY = ("Construcciones", "Reformas", "Talleres", "Distribuciones", "Consultoría", "Estudio",
           "Transportes", "Suministros", "Servicios", "Diseño", "Ingeniería", "Asesoría",
           "Logística", "Hostelería", "Eventos")
SUFFIX = ("S.L.", "S.A.", "SRL", "S.L.U.", "Ltd", "SARL", "GmbH")
CITIES = ("Madrid", "Barcelona", "Valencia", "Sevilla", "Zaragoza", "Málaga", "Murcia", "Palma",
          "Bilbao", "Alicante", "Córdoba", "Valladolid", "Vigo", "Gijón", "Granada", "Oviedo",
          "Pamplona", "Almería", "Santander", "Burgos", "Salamanca", "León", "Cádiz", "Huelva",
          "Jaén", "Lugo", "Ourense", "Teruel", "Soria", "Segovia", "Ávila", "Cuenca", "Zamora",
          "Palencia", "Bucureşti", "Cluj-Napoca", "Iaşi", "Timişoara", "Lisboa", "Porto",
          "Braga", "Dubai", "Riyadh", "Amman", "Doha", "Ciudad de México", "Guadalajara",
          "Monterrey", "Puebla", "Bogotá", "Lima", "Santiago", "Quito")
LINES = ("Fontanería", "Electricidad", "Carpintería", "Diseño gráfico", "Arquitectura",
         "Contabilidad", "Abogados", "Restauración", "Peluquería", "Fotografía", "Marketing",
         "Software", "Consultoría IT", "Limpieza", "Jardinería", "Transporte", "Imprenta",
         "Formación", "Traducción", "Clínica dental", "Veterinaria", "Inmobiliaria", "Seguros",
         "Catering", "Textil", "Joyería", "Farmacia", "Óptica", "Librería", "Panadería")
CATEGORIES = 20
T = TypeVar("T")
CLIENT_COLUMNS = (
    "id", "business_id", "kind", "display_name", "legal_name", "email", "phone", "tax_id",
    "tax_id_kind", "business_line", "payment_method", "currency", "language", "billing_street",
    "billing_city", "billing_postcode", "billing_country", "shipping_street", "shipping_city",
    "shipping_postcode", "shipping_country", "notes", "name_spellings", "tax_category",
    "withholding", "archived", "created_at", "updated_at", *DERIVED,
)


@dataclass
class Population:
    """What the benchmark samples its queries from, per business."""

    clients: dict[int, list[dict[str, object]]] = field(default_factory=dict)
    categories: dict[int, list[int]] = field(default_factory=dict)


def _zipf(rng: random.Random, items: Sequence[T]) -> T:
    """Earlier items more often: of 55 cities the first gets ~7 % of clients, the last ~0.4 %."""
    return items[int(len(items) * rng.random() ** 1.5)]


def client_row(
    rng: random.Random, client_id: int, business_id: int, now: datetime
) -> dict[str, object]:
    first, last, other = rng.choice(FIRST), _zipf(rng, LAST), _zipf(rng, LAST)
    company = rng.random() < 0.4
    name = (f"{rng.choice(COMPANY)} {last} {rng.choice(SUFFIX)}" if company
            else f"{first} {last} {other}")
    city = _zipf(rng, CITIES)
    row: dict[str, object] = {
        "id": client_id, "business_id": business_id, "kind": "company" if company else "person",
        "display_name": name, "legal_name": name if company else "",
        "email": f"{name_key(first)}.{name_key(last)}{client_id}@example.com".replace(" ", ""),
        "phone": f"+346{rng.randrange(10**7, 10**8)}",
        "tax_id": f"ESB{client_id:08d}", "tax_id_kind": "vat",
        "business_line": rng.choice(LINES), "payment_method": "", "currency": "EUR",
        "language": "es", "billing_street": f"Calle {last} {rng.randrange(1, 200)}",
        "billing_city": city, "billing_postcode": f"{rng.randrange(1000, 52999):05d}",
        "billing_country": "ES", "shipping_street": "", "shipping_city": "",
        "shipping_postcode": "", "shipping_country": "", "notes": "", "name_spellings": "",
        "tax_category": "", "withholding": None, "archived": rng.random() < 0.03,
        "created_at": now, "updated_at": now,
    }
    row["name_key"] = name_key(name)
    row["name_key_reversed"] = str(row["name_key"])[::-1]
    row["name_words"] = name_words(name)
    row["email_key"] = email_key(str(row["email"]))
    row["phone_key"] = phone_key(str(row["phone"]))
    row["tax_key"] = tax_key(str(row["tax_id"]))
    row["search_text"] = client_search_text(row)  # type: ignore[arg-type]
    return row


@dataclass(frozen=True)
class _Generated:
    rows: list[list[dict[str, object]]]  # per business
    categories: list[int]  # per client in row order: a position in its business's categories


@functools.cache
def _generate(business_ids: tuple[int, ...], per_business: int, seed: int) -> _Generated:
    """Generated once per process, so measuring SQLite and then PostgreSQL folds 200,000 names
    once. Both databases are fresh, so their businesses get the same ids."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    rows = [
        [client_row(rng, 1 + position * per_business + i, business_id, now)
         for i in range(per_business)]
        for position, business_id in enumerate(business_ids)
    ]
    picks = [_zipf(rng, range(CATEGORIES)) for _ in range(len(business_ids) * per_business)]
    return _Generated(rows, picks)


async def populate(businesses: list[Business], per_business: int, seed: int = 1) -> Population:
    generated = _generate(tuple(business.id for business in businesses), per_business, seed)
    population = Population()
    for business, own in zip(businesses, generated.rows, strict=True):
        population.clients[business.id] = own
        population.categories[business.id] = [
            (await Category.create(business=business, name=f"Category {n:02d}")).id
            for n in range(1, CATEGORIES + 1)
        ]
    everyone = [row for own in population.clients.values() for row in own]
    links = [(row["id"], population.categories[cast(int, row["business_id"])][pick])
             for row, pick in zip(everyone, generated.categories, strict=True)]
    clients = [[row[c] for c in CLIENT_COLUMNS] for row in everyone]
    db = connection()
    await drop_search_indexes(db)
    if is_postgres():
        async with db.acquire_connection() as raw:
            await raw.copy_records_to_table("client", records=clients, columns=CLIENT_COLUMNS)
            await raw.copy_records_to_table("client_category", records=links,
                                            columns=("client_id", "category_id"))
            await raw.execute("SELECT setval(pg_get_serial_sequence('client', 'id'), "
                              "(SELECT max(id) FROM client))")
    else:
        marks = ", ".join("?" for _ in CLIENT_COLUMNS)
        columns = ", ".join(f'"{name}"' for name in CLIENT_COLUMNS)
        async with in_transaction() as transaction:
            await transaction.execute_many(
                f'INSERT INTO "client" ({columns}) VALUES ({marks})', clients)
            await transaction.execute_many(
                'INSERT INTO "client_category" ("client_id", "category_id") VALUES (?, ?)', links)
    await create_search_indexes(db)
    return population
