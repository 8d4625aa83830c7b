import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { propertyValueProblem } from '../models/domain/property-value.ts';
import { startTestPanel, login, type TestPanel } from './support/portal.ts';
import { CustomPropertyValue, Organization } from '../models/index.ts';

describe('custom property values keep their type', () => {
  it('accepts values of the type and refuses the rest', () => {
    assert.equal(propertyValueProblem('number', [], '-12.50'), null);
    assert.match(propertyValueProblem('number', [], '12,5')!, /not a number/);
    assert.equal(propertyValueProblem('date', [], '2024-02-29'), null);
    assert.match(propertyValueProblem('date', [], '2023-02-29')!, /not a date/);
    assert.equal(propertyValueProblem('boolean', [], 'true'), null);
    assert.match(propertyValueProblem('boolean', [], 'yes')!, /true or false/);
    assert.equal(propertyValueProblem('choice', ['gold', 'silver'], 'gold'), null);
    assert.match(propertyValueProblem('choice', ['gold', 'silver'], 'bronze')!, /one of: gold, silver/);
    assert.equal(propertyValueProblem('number', [], null), null, 'a value may stay empty');
  });

  describe('through the panel', () => {
    let portal: TestPanel;
    before(async () => { portal = await startTestPanel(); });
    after(() => portal.close());

    it('a reseller cannot store a text in a number property; a number goes in', async () => {
      const reseller = await login(portal.panel.app, 'reseller-a@demo.test');
      const api = '/admin/api/resources';
      const resellerA = (await Organization.findOne({ where: { ref: 'reseller-a' } }))!;
      const customer = (await Organization.findOne({ where: { ref: 'customer-a1' } }))!;
      const definition = await reseller.post(`${api}/custom_property_definitions/actions/new`).send({ organizationId: resellerA.id, name: 'Seats planned', type: 'number' });
      const definitionId = definition.body.record.params.id;
      const bad = await reseller.post(`${api}/custom_property_values/actions/new`).send({ definitionId, organizationId: customer.id, value: 'twelve' });
      assert.equal(bad.status, 422);
      assert.equal(bad.body.fields.value, '"twelve" is not a number (use digits and a decimal point).');
      assert.equal(await CustomPropertyValue.count({ where: { definitionId } }), 0);
      await reseller.post(`${api}/custom_property_values/actions/new`).send({ definitionId, organizationId: customer.id, value: '12' });
      assert.deepEqual((await CustomPropertyValue.findAll({ where: { definitionId } })).map((v) => v.value), ['12']);
    });
  });
});
