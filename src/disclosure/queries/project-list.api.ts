import { applyDecorators } from '@nestjs/common';
import { ApiProduces, ApiQuery, type SchemaObject } from '@nestjs/swagger';
import { PROCUREMENT_METHODS } from '../../../events/common';
import { DISCLOSURE_STATUSES } from '../../../projections/disclosure/disclosure.projection';
import { CATALOGUE_CODES } from '../../policy/catalogue';
import { FISCAL_YEARS, REGION_CODE } from '../../shared/domain/region';
import { CSV_MAX_ROWS, PAGE_MAX, PAGE_SIZE, Q_MAX, SORTS } from './project-list.query';

/** An optional query parameter of the list; empty is the same as absent (what a plain HTML form sends for "any"). */
const param = (name: string, description: string, schema: SchemaObject): MethodDecorator =>
  ApiQuery({ name, required: false, allowEmptyValue: true, description: `${description}; empty: no filter`, schema });

/** The query parameters of `GET /v1/disclosure/projects`, as parseProjectList checks them. */
export const ApiProjectListQuery = (): MethodDecorator =>
  applyDecorators(
    ApiProduces('application/json', 'text/csv'),
    param('q', 'text search: the title, the purchaser name or the awarded contractor name contains it (Latin letters in any case)', {
      type: 'string',
      maxLength: Q_MAX,
      example: '照料',
    }),
    param('region', 'a province code (220000) takes its cities and counties (22xxxx), a city code (220100) its counties (2201xx)', {
      type: 'string',
      pattern: REGION_CODE.source,
      example: '220000',
    }),
    param('fiscalYear', 'only projects of this fiscal year', { type: 'integer', minimum: FISCAL_YEARS.min, maximum: FISCAL_YEARS.max }),
    param('category', 'only projects of this catalogue code (GET /v1/catalogue)', { type: 'string', enum: [...CATALOGUE_CODES] }),
    param('contractor', 'only projects awarded to this contractor (unified social credit code, check character validated)', {
      type: 'string',
      pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$',
      example: '52220100MJ00000016',
    }),
    param('method', 'only projects whose tender notice uses this procurement method', { type: 'string', enum: [...PROCUREMENT_METHODS] }),
    param(
      'status',
      'registered; tendered (notice published); awarded; contracted (a contract announced: an unannounced one is not disclosed)',
      { type: 'string', enum: [...DISCLOSURE_STATUSES] },
    ),
    param('from', 'only projects registered on or after this date (registeredOn)', { type: 'string', format: 'date' }),
    param('to', 'only projects registered on or before this date (registeredOn; not before from)', { type: 'string', format: 'date' }),
    param('sort', 'date: by registeredOn; amount: by budget; a leading - for descending (default: date)', {
      type: 'string',
      enum: [...SORTS],
    }),
    param('page', 'page number from 1 (default 1); with Accept: text/csv, the CSV is then this page', {
      type: 'integer',
      minimum: 1,
      maximum: PAGE_MAX,
      default: 1,
    }),
    param(
      'pageSize',
      `projects a page, 1 to ${PAGE_SIZE.max} (default ${PAGE_SIZE.default}); with Accept: text/csv and neither page nor pageSize, every match (at most ${CSV_MAX_ROWS}, else 400)`,
      { type: 'integer', minimum: 1, maximum: PAGE_SIZE.max, default: PAGE_SIZE.default },
    ),
    ApiQuery({ name: 'minPosition', required: false }),
  );
