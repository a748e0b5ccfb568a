"""100,000 plausible clients per business, inserted in bulk (raw multi-row INSERTs in one
transaction: the ORM would take minutes). Names, cities and business lines repeat the way real
ones do (a few common, a long tail), so a search for "García" or "Madrid" matches thousands.
The derived search columns come from the same functions `Client.save` uses.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from billing.clients.search_sql import connection, is_postgres
from models import Business, Category
from models.clients import DERIVED
from models.search_keys import client_search_text, email_key, name_key, phone_key, tax_key

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


def _zipf(rng: random.Random, items: tuple[str, ...] | list[str]) -> str:
    """Earlier items more often: of 55 cities the first gets ~7 % of clients, the last ~0.4 %."""
    return items[int(len(items) * rng.random() ** 1.5)]


def client_row(rng: random.Random, client_id: int, business_id: int) -> dict[str, object]:
    first, last, other = rng.choice(FIRST), _zipf(rng, LAST), _zipf(rng, LAST)
    company = rng.random() < 0.4
    name = (f"{rng.choice(COMPANY)} {last} {rng.choice(SUFFIX)}" if company
            else f"{first} {last} {other}")
    city = _zipf(rng, CITIES)
    now = datetime.now(UTC)
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
    row["email_key"] = email_key(str(row["email"]))
    row["phone_key"] = phone_key(str(row["phone"]))
    row["tax_key"] = tax_key(str(row["tax_id"]))
    row["search_text"] = client_search_text(row)  # type: ignore[arg-type]
    return row


async def populate(businesses: list[Business], per_business: int, seed: int = 1) -> Population:
    rng = random.Random(seed)
    postgres = is_postgres()
    marks = ", ".join(f"${i + 1}" if postgres else "?" for i in range(len(CLIENT_COLUMNS)))
    columns = ", ".join(f'"{name}"' for name in CLIENT_COLUMNS)
    insert = f'INSERT INTO "client" ({columns}) VALUES ({marks})'
    link = ('INSERT INTO "client_category" ("client_id", "category_id") VALUES '
            + ("($1, $2)" if postgres else "(?, ?)"))
    population = Population()
    next_id = 1
    for business in businesses:
        categories = [(await Category.create(business=business, name=f"Category {n:02d}")).id
                      for n in range(1, CATEGORIES + 1)]
        rows = [client_row(rng, next_id + i, business.id) for i in range(per_business)]
        next_id += per_business
        for start in range(0, len(rows), 5000):
            chunk = rows[start:start + 5000]
            async with in_transaction() as db:
                await db.execute_many(insert, [[row[c] for c in CLIENT_COLUMNS] for row in chunk])
                await db.execute_many(link, [[row["id"], _zipf(rng, categories)] for row in chunk])
        population.clients[business.id] = rows
        population.categories[business.id] = categories
    db = connection()
    if postgres:
        await db.execute_script(
            "SELECT setval(pg_get_serial_sequence('client', 'id'), (SELECT max(id) FROM client));"
            " ANALYZE;"
        )
    else:  # merge the FTS5 segments a bulk load leaves behind, as a bulk import would
        await db.execute_script(
            "INSERT INTO client_fts (client_fts) VALUES ('optimize'); ANALYZE;"
        )
    return population
