// A list field whose items come from a value list (organizations' views, product groups' article
// kinds, webhook endpoints' events: array properties with availableValues, admin/resources.ts), as
// one multi-select in forms and one select in the filter, each value by its label in the user's
// language (`resources.<id>.labels.<field>.<value>`, admin/panel-locale.ts). AdminJS's own array
// editor shows one select per item, which looks its labels up by the item's path (`views.0`) and so
// offered raw values; labels under index keys cannot be registered (AdminJS's page state turns such
// an object into an array). List and show pages show the field's text twin (admin/display-values.ts).
import React from 'react';
import { FormGroup, FormMessage, Select } from '@adminjs/design-system';
import { flat, PropertyLabel, useTranslation, type EditPropertyProps, type FilterPropertyProps } from 'adminjs';
// The design system's controls in the user's language (control-texts.ts: selects, date pickers), for
// AdminJS's controls and these alike; imported here so the components bundle holds it.
import './control-texts.ts';

interface Option { value: string; label: string }

/** The field's values with their labels, in the value list's order. */
function useOptions(property: EditPropertyProps['property']): Option[] {
  const { tl } = useTranslation();
  return (property.availableValues ?? []).map(({ value }) => ({ value: String(value), label: tl(`${property.path}.${value}`, property.resourceId, { defaultValue: value }) }));
}

function ValueListEdit({ property, record, onChange }: EditPropertyProps) {
  const { tm } = useTranslation();
  const options = useOptions(property);
  // The record holds the list flattened (views.0, views.1 …); flat.get reads it back as an array.
  const chosen = new Set((flat.get(record.params, property.path) as string[] | undefined) ?? []);
  const error = record.errors?.[property.path];
  return React.createElement(FormGroup, { error: Boolean(error) },
    React.createElement(PropertyLabel, { property }),
    React.createElement(Select, {
      isMulti: true,
      inputId: property.path,
      value: options.filter((option) => chosen.has(option.value)),
      options,
      // The form sends the list as AdminJS sends any array (views.0, views.1 …); nothing chosen is no
      // value (''), which the services read as empty (null) or refuse where the field is required (422).
      onChange: (selected: readonly Option[] | null) => onChange(property.path, selected?.length ? selected.map((option) => option.value) : ''),
      isDisabled: property.isDisabled,
    }),
    React.createElement(FormMessage, null, error && tm(error.message, property.resourceId)));
}

/** The filter: rows whose list holds the chosen value (admin/filter-to-where.ts). */
function ValueListFilter({ property, filter, onChange }: FilterPropertyProps) {
  const options = useOptions(property);
  const value = filter?.[property.path];
  return React.createElement(FormGroup, null,
    React.createElement(PropertyLabel, { property, filter: true }),
    React.createElement(Select, {
      variant: 'filter',
      inputId: `filter-${property.path}`,
      isClearable: true,
      value: options.find((option) => option.value === value) ?? null,
      options,
      onChange: (selected: Option | null) => onChange(property.path, selected?.value ?? ''),
    }));
}

/** One component for both places it is registered (admin/resources.ts `components.edit` and `.filter`). */
export default function ValueList(props: EditPropertyProps | FilterPropertyProps) {
  return props.where === 'filter' ? React.createElement(ValueListFilter, props as FilterPropertyProps) : React.createElement(ValueListEdit, props as EditPropertyProps);
}
